/** Whether the page shows the dark theme, kept current as [data-theme] flips (for canvas/SVG colours). */
class ThemeWatch {
  dark = $state(document.documentElement.dataset.theme === 'dark');

  constructor() {
    new MutationObserver(() => {
      this.dark = document.documentElement.dataset.theme === 'dark';
    }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  }
}

export const themeWatch = new ThemeWatch();
