/**
 * Mantine theme: dense (handlers read long queues all day), the system's Japanese fonts first so
 * kana and kanji render everywhere, and the navy of the top bar as the primary colour.
 */
import { createTheme, type MantineColorsTuple } from '@mantine/core';

const navy: MantineColorsTuple = [
  '#e8f1fb',
  '#d0e0f2',
  '#a0bfe4',
  '#6d9cd6',
  '#437fca',
  '#2a6cc3',
  '#0b5cad',
  '#0a4f96',
  '#0d2b45',
  '#071a2b',
];

const FONTS =
  "system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans JP', 'Noto Sans CJK JP', Meiryo, sans-serif";

export const theme = createTheme({
  primaryColor: 'navy',
  colors: { navy },
  fontFamily: FONTS,
  headings: { fontFamily: FONTS },
  defaultRadius: 'sm',
  // Dense by default: small controls, small tables; a page may ask for larger where it matters.
  // Labels are the fields' accessible names as the reader sees them: no asterisk appended (a
  // required field says so through the native `required`, which browsers and screen readers read).
  components: {
    TextInput: { defaultProps: { size: 'sm', withAsterisk: false } },
    Textarea: { defaultProps: { size: 'sm', withAsterisk: false } },
    NativeSelect: { defaultProps: { size: 'sm', withAsterisk: false } },
    Button: { defaultProps: { size: 'sm' } },
    Table: { defaultProps: { verticalSpacing: 4, horizontalSpacing: 'xs', fz: 'sm' } },
    Badge: { defaultProps: { radius: 'sm' } },
  },
});
