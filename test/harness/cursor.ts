// The cursor marker for editor-feature tests: a fixture marks where the cursor is with `$0`, as rust-analyzer's do.

/** The marker written into fixture text where the cursor stands. */
export const CURSOR_MARKER = '$0';

/**
 * Removes the one `$0` from `text` and returns the text without it and the marker's offset (the cursor stands before
 * the character that followed the marker). Throws unless there is exactly one marker, so a test never runs at a guess.
 */
export function extractCursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf(CURSOR_MARKER);
  if (offset < 0) throw new Error(`No cursor marker ${CURSOR_MARKER} in fixture:\n${text}`);
  if (text.indexOf(CURSOR_MARKER, offset + CURSOR_MARKER.length) >= 0) throw new Error(`More than one cursor marker ${CURSOR_MARKER} in fixture:\n${text}`);
  return { text: text.slice(0, offset) + text.slice(offset + CURSOR_MARKER.length), offset };
}
