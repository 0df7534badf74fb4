/** Variables of a URI in a simple RFC 6570 template, for resource template handlers. */

/** Match simple RFC 6570 templates (`{var}`, `{+var}`); returns the variables or undefined. */
export function templateMatcher(template: string): (uri: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template.replace(/[.*?^$()|[\]\\]/g, '\\$&').replace(/\{(\+?)([^}]+)\}/g, (_, plus: string, name: string) => {
    names.push(name);
    return plus ? '(.+)' : '([^/]+)';
  });
  const regex = new RegExp(`^${pattern}$`);
  return (uri) => {
    const m = regex.exec(uri);
    if (!m) return undefined;
    return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
  };
}
