// Calendar sources on the server. Imports need a connection, so these never go to the outbox.
import { ApiError, currentSession, del, get, request } from "../core/api.js";

const OFFLINE =
  "You are offline. Importing a calendar needs a connection; try again once you are back online.";

function needConnection() {
  if (!navigator.onLine) throw new ApiError(0, { code: "offline", message: OFFLINE });
}

function offlineSaid(error) {
  if (error instanceof ApiError && error.code === "offline") {
    throw new ApiError(0, { code: "offline", message: OFFLINE });
  }
  throw error;
}

/** Every calendar file and feed, feed addresses masked. */
export async function listCalendars() {
  if (!navigator.onLine) throw new ApiError(0, { code: "offline", message: OFFLINE });
  const { calendars } = await get("/api/calendars");
  return calendars;
}

/** Send an .ics file as it is (at most 2 MB); only times are kept on the server. */
export async function uploadFile(calendarId, file, keyword) {
  needConnection();
  const query = keyword ? `?keyword=${encodeURIComponent(keyword)}` : "";
  let response;
  try {
    response = await fetch(`/api/calendars/${calendarId}/file${query}`, {
      method: "PUT",
      headers: {
        Accept: "application/json",
        "Content-Type": "text/calendar",
        "X-CSRF-Token": currentSession()?.csrf_token ?? "",
      },
      body: await file.arrayBuffer(),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, { code: "offline", message: OFFLINE });
  }
  const data = await response.json().catch(() => null);
  if (response.status === 413) {
    throw new ApiError(413, { message: "That file is larger than 2 MB, the most Attune imports." });
  }
  if (!response.ok) throw new ApiError(response.status, data?.error ?? {});
  return data;
}

/** Subscribe to a secret feed address; the server fetches it at once, then every 15 minutes. */
export async function subscribeFeed(calendarId, url, keyword) {
  needConnection();
  const body = keyword ? { url, keyword } : { url };
  return request("PUT", `/api/calendars/${calendarId}/feed`, body).catch(offlineSaid);
}

export async function removeCalendar(calendarId) {
  needConnection();
  return del(`/api/calendars/${calendarId}`).catch(offlineSaid);
}
