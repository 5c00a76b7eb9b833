// Every LSP feature the server offers beyond documents and diagnostics, in the order their handlers are registered.

import { codeActions } from './code-actions';
import { completion } from './completion';
import { folding } from './folding';
import { formatting } from './formatting';
import { hover } from './hover';
import { inlayHintsFeature } from './inlay-hints';
import { navigation } from './navigation';
import { semanticTokensFeature } from './semantic-tokens';
import { signatureHelp } from './signature-help';
import { symbols } from './symbols';
import type { Feature } from './types';

export const FEATURES: readonly Feature[] = [hover, completion, signatureHelp, navigation, symbols, folding, semanticTokensFeature, inlayHintsFeature, codeActions, formatting];
