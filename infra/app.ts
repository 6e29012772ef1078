import { createBraidApp } from './braid-app.ts';
import { ContextError } from './context-error.ts';

try {
  createBraidApp().app.synth();
} catch (error) {
  // Bad context is the operator's to fix: the message names each key, a stack trace would bury it.
  if (!(error instanceof ContextError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
