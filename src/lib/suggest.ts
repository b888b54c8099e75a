/**
 * "Did you mean ...?" for shells (command-line flags and values, the browser's inputs): the same
 * nearest-word rule the scenario parser uses for its messages.
 */
export { didYouMean, nearest, oneOf, editDistance } from "../scenario/suggest.js";
