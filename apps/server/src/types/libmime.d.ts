// libmime (the MIME helpers mailparser is built on) ships no types; only what Renkei calls.
declare module 'libmime' {
  interface HeaderValue {
    value: string;
    params: Record<string, string>;
  }
  const libmime: {
    parseHeaderValue(value: string): HeaderValue;
    /** Decodes RFC 2047 encoded words (=?UTF-8?B?…?=) in a header value. */
    decodeWords(value: string): string;
  };
  export default libmime;
}
