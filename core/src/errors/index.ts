export { RoundsError } from "./rounds-error.ts";
export { errorCodes, type ErrorCode } from "./codes.ts";
export { inputErrorOf } from "./input-error.ts";
