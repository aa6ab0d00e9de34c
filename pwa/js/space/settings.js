// Settings: this space's devices, pairing and recovery, this phone's cues, the version, and
// deleting everything.
import { currentSession, ensureSession } from "../core/api.js";
import { pageHeading, replaceChildren } from "../core/dom.js";
import { aboutSection } from "./about.js";
import { cueDefaultsSection } from "./cue-defaults.js";
import deleteSection from "./delete-space.js";
import { devicesSection } from "./devices.js";
import recoverySection from "./recovery.js";
import { yourDataSection } from "./your-data.js";

export default {
  title: "Settings",
  async render(main) {
    const session = currentSession() || (await ensureSession());
    replaceChildren(
      main,
      pageHeading("Settings"),
      await devicesSection(),
      recoverySection(session),
      cueDefaultsSection(),
      await yourDataSection(),
      aboutSection(session),
      deleteSection(),
    );
  },
};
