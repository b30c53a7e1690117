import { cleanup } from '@testing-library/preact';
import { afterEach, vi } from 'vitest';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  document.body.replaceChildren();
  vi.restoreAllMocks();
  // A widget keeps progress (sessionStorage) and closed popups (localStorage) per visitor:
  // each test is a new visitor.
  sessionStorage.clear();
  localStorage.clear();
});
