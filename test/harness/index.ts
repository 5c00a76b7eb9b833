// The test harness in one import: checker fixtures with annotated expectations, the cursor marker, fixture listing,
// golden files.

export { AnnotationError, annotationFor, editorPosition, isAnnotationLine, parseExpectations, splitLines, type Expectation } from './expectations';
export { blankAnnotations, checkFixture, compareDiagnostics, manifestFor, type FixtureComparison } from './fixtures';
export { CURSOR_MARKER, extractCursor } from './cursor';
export { filesUnder } from './files';
export { golden, UPDATE } from './golden';
