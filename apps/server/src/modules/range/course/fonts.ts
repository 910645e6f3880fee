/**
 * The Japanese font of every document the Range writes: Noto Sans JP (SIL OFL) from the npm
 * package @expo-google-fonts/noto-sans-jp, installed with Renkei — nothing is downloaded at run
 * time. PDFs embed it (subset); DOCX and PPTX name it, so Word and PowerPoint use it when it is
 * installed and a Japanese system font otherwise.
 * @module
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const JA_FONT = 'Noto Sans JP';
export const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf');
export const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf');
