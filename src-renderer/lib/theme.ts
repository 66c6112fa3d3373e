export type Theme = 'light' | 'dark';

/** The saved theme, else the system's preference. */
export function initialTheme(): Theme {
  const saved = localStorage.getItem('mdm-theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  localStorage.setItem('mdm-theme', theme);
}
