/**
 * Model factories for parallel exploration: each export is a function (config) => Model, as
 * checkParallel's ModelFactory requires, so a worker thread can build the same model.
 */
import type { Model } from "../../../src/engine/index.js";
import { boundedBuffer } from "./buffer.js";
import { peterson } from "./peterson.js";
import { philosophers } from "./philosophers.js";

export const makePeterson = (c: { broken?: boolean }): Model => peterson(c);
export const makePhilosophers = (c: { n: number; broken?: boolean }): Model => philosophers(c.n, c);
export const makeBuffer = (c: { k: number; broken?: boolean }): Model => boundedBuffer(c.k, c);
