// Kept apart from host.ts so the page can use it without loading the sandbox.

/** The composer's text as an encode script's input: JSON when it parses, else the text. */
export function composerInput(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}
