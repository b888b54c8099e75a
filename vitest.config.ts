import { defineConfig } from "vitest/config";

/** Browser tests drive the built page in Debian's Chromium (test/web/*.e2e.test.ts). */
const E2E = "test/web/**/*.e2e.test.ts";

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "e2e",
          include: [E2E],
          globalSetup: ["test/web/global-setup.ts"],
          hookTimeout: 60_000,
          // First, alone: its timings (time to the first verdict) are measured on an idle machine.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [E2E, "**/node_modules/**"],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
