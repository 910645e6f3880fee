// libmime (the MIME helpers mailparser is built on) ships no types; only what Renkei calls.
declare module 'libmime' {
  interface HeaderValue {
    value: string;
    params: Record<string, string>;
  }
  const libmime: {
    parseHeaderValue(value: string): HeaderValue;
  };
  export default libmime;
}
