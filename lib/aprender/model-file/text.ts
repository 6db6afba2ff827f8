/** One strict UTF-8 decoder and one encoder for the model-file code (making them per call costs more than small files). */

/** Decodes UTF-8, throwing on invalid bytes (a file's text is never repaired silently). */
export const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
/** Encodes UTF-8. */
export const utf8Encoder = new TextEncoder();
