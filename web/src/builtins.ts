/// <reference path="./env.d.ts" />
/**
 * The built-in scenarios' texts, bundled by Vite (`?raw`): one import per file of
 * BUILTIN_SCENARIO_FILES (test/web/builtins.test.ts keeps the two lists equal).
 */
import exitWhileFileOpen from "../../scenarios/exit-while-file-open.yaml?raw";
import forkedFd from "../../scenarios/forked-fd.yaml?raw";
import killWithMmap from "../../scenarios/kill-with-mmap.yaml?raw";
import enqcmdTwoThreads from "../../scenarios/enqcmd-two-threads.yaml?raw";
import twoDevicesOneMm from "../../scenarios/two-devices-one-mm.yaml?raw";
import reusedPasidTwoDevices from "../../scenarios/reused-pasid-two-devices.yaml?raw";
import execAfterBind from "../../scenarios/exec-after-bind.yaml?raw";
import pasidSpaceOfOne from "../../scenarios/pasid-space-of-one.yaml?raw";
import fiveDrivers from "../../scenarios/five-drivers.yaml?raw";

/** File name → YAML text, in BUILTIN_SCENARIO_FILES order. */
export const BUILTIN_TEXTS: Readonly<Record<string, string>> = {
  "exit-while-file-open.yaml": exitWhileFileOpen,
  "forked-fd.yaml": forkedFd,
  "kill-with-mmap.yaml": killWithMmap,
  "enqcmd-two-threads.yaml": enqcmdTwoThreads,
  "two-devices-one-mm.yaml": twoDevicesOneMm,
  "reused-pasid-two-devices.yaml": reusedPasidTwoDevices,
  "exec-after-bind.yaml": execAfterBind,
  "pasid-space-of-one.yaml": pasidSpaceOfOne,
  "five-drivers.yaml": fiveDrivers,
};
