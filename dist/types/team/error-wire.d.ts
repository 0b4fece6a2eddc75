/**
 * Errors cross threads as data: name, message, stack (and the value itself
 * when something that is not an Error was thrown), and are rebuilt on the
 * receiving thread as the same built-in class where there is one.
 */
export interface WireError {
    name: string;
    message: string;
    stack: string | undefined;
    /** Set when the thrown value was not an Error (a string, number, plain object…). */
    thrown?: unknown;
    isError: boolean;
}
export declare function toWire(e: unknown): WireError;
export declare function fromWire(w: WireError): unknown;
