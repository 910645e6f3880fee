/** The type of a feature's English texts: the same keys as its Japanese ones, any wording. */
export type Translations<T> = { [Key in keyof T]: T[Key] extends string ? string : Translations<T[Key]> };
