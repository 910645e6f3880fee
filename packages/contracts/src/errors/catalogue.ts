/**
 * The shape of an error catalogue: each module declares its codes (`MODULE_REASON`) with the HTTP
 * status they map to and what a person reads, in Japanese and English. The server's problem
 * responses carry the code; the web app shows the message in the reader's language;
 * docs/reference/errors.md is generated from the catalogues.
 * @module
 */

export interface ErrorDescription {
  readonly status: number;
  readonly ja: string;
  readonly en: string;
}

export type ErrorCatalogue = Readonly<Record<string, ErrorDescription>>;

/** Declares a catalogue, keeping its literal codes in the type. */
export function defineErrors<const Codes extends string>(catalogue: { readonly [Code in Codes]: ErrorDescription }): {
  readonly [Code in Codes]: ErrorDescription;
} {
  return catalogue;
}
