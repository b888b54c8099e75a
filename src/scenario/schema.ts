/**
 * The structural schema of a scenario file (zod). It checks shapes, types, enums, ranges and
 * the state-space limits; names, references and program flow are checked in parse.ts, which also
 * turns zod's issues into positioned messages. Browser-safe.
 */
import { z } from "zod";
import { DRIVER_NAMES, IOMMU_NAMES, PROPERTY_NAMES, WQ_MODES } from "../kernel/names.js";
import { NAME_RE } from "./statements.js";

/** State-space guards: beyond these an exhaustive check stops being practical. */
export const LIMITS = {
  pasidsMin: 1,
  pasidsMax: 16,
  devices: 4,
  processes: 8,
  statements: 16,
} as const;

export const DEFAULTS = {
  design: "free-on-mmdrop",
  iommu: "arm-smmu-v3",
  pasids: 2,
  wq: "dedicated",
  mayDie: false,
} as const;

const Name = z.string().regex(NAME_RE);

export const DeviceSchema = z.strictObject({
  name: Name,
  driver: z.enum(DRIVER_NAMES),
  wq: z.enum(WQ_MODES).optional(),
});

export const ProcessSchema = z.strictObject({
  name: Name,
  /** Required for a process that starts at boot; parse.ts enforces that. */
  program: z.array(z.string()).max(LIMITS.statements).optional(),
  "may-die": z.boolean().optional(),
  "child-of": Name.optional(),
  "thread-of": Name.optional(),
});

export const ScenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Design names and kernel-version aliases: resolved (and reported) by parse.ts. */
  design: z.string().optional(),
  iommu: z.enum(IOMMU_NAMES).optional(),
  pasids: z.number().int().min(LIMITS.pasidsMin).max(LIMITS.pasidsMax).optional(),
  devices: z.array(DeviceSchema).min(1).max(LIMITS.devices),
  processes: z.array(ProcessSchema).min(1).max(LIMITS.processes),
  check: z.array(z.enum(PROPERTY_NAMES)).min(1).optional(),
});

export type ScenarioInput = z.infer<typeof ScenarioSchema>;

/** The keys each kind of mapping accepts, in the order the docs present them. */
export const TOP_KEYS = Object.keys(ScenarioSchema.shape) as readonly string[];
export const DEVICE_KEYS = Object.keys(DeviceSchema.shape) as readonly string[];
export const PROCESS_KEYS = Object.keys(ProcessSchema.shape) as readonly string[];
