// The few W3C WebDriver (classic, HTTP) commands the WebKit client needs: new session, navigate, delete.
// Every request has a deadline: a driver whose browser is gone can leave `POST /session` hanging.

/** The capabilities that make WebKitWebDriver start MiniBrowser in automation mode. */
export function webkitCapabilities(miniBrowser: string): Record<string, unknown> {
  return {
    capabilities: {
      alwaysMatch: {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
      },
    },
  };
}

/**
 * Sends one WebDriver command and returns its `value`.
 * @throws Error naming the command, with the driver's error and message, or the timeout.
 */
export async function webdriverCommand(
  base: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body: unknown,
  timeoutMs: number,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      signal: AbortSignal.timeout(timeoutMs),
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  } catch (error) {
    const why =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : String(error);
    throw new Error(`WebDriver ${method} ${path}: ${why}`);
  }
  const text = await response.text();
  let parsed: { value?: { error?: string; message?: string } | unknown } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new Error(`WebDriver ${method} ${path}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (!response.ok) {
    const value = parsed.value as { error?: string; message?: string } | undefined;
    throw new Error(
      `WebDriver ${method} ${path}: ${value?.error ?? `HTTP ${response.status}`}: ${value?.message ?? ''}`,
    );
  }
  return parsed.value;
}

/** Polls `GET /status` until the driver answers ready. */
export async function waitForDriver(base: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const value = (await webdriverCommand(base, 'GET', '/status', undefined, 1_000)) as { ready?: boolean };
      if (value.ready !== false) return;
      last = 'not ready';
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the WebDriver at ${base} was not ready within ${timeoutMs} ms (${last})`);
}
