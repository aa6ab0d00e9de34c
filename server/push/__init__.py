"""Web Push: the VAPID key, devices' subscriptions and sending messages to them."""
