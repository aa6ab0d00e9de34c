// Settings: reminders, this space's devices, pairing and recovery, this phone's cues, the
// version, and deleting everything.
import { currentSession, ensureSession } from "../core/api.js";
import { pageHeading, replaceChildren } from "../core/dom.js";
import { aboutSection } from "./about.js";
import { cueDefaultsSection } from "./cue-defaults.js";
import deleteSection from "./delete-space.js";
import { devicesSection } from "./devices.js";
import recoverySection from "./recovery.js";
import { yourDataSection } from "./your-data.js";
import { remindersSection } from "../reminders/reminders-section.js";

export default {
  title: "Settings",
  async render(main) {
    const session = currentSession() || (await ensureSession());
    // Asked for together, so the screen waits for the slower of the two, not for both.
    const [reminders, devices] = await Promise.all([remindersSection(), devicesSection()]);
    replaceChildren(
      main,
      pageHeading("Settings"),
      reminders,
      devices,
      recoverySection(session),
      cueDefaultsSection(),
      await yourDataSection(),
      aboutSection(session),
      deleteSection(),
    );
  },
};
