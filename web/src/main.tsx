import { createRoot } from 'react-dom/client';
import { Alert, MantineProvider, createTheme } from '@mantine/core';
import '@mantine/core/styles.css';
import './app.css';
import { App } from './App';

// Darker shades than Mantine's defaults, so text on filled and light surfaces passes WCAG AA.
const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  // No sliding or fading for people who ask their system for less motion.
  respectReducedMotion: true,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    // Alert titles in the light variant's own colour fall below 4.5:1 on its tint.
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' }, message: { color: 'var(--mantine-color-text)' } } }),
  },
});

createRoot(document.getElementById('root')!).render(
  <MantineProvider theme={theme} defaultColorScheme="light">
    <App />
  </MantineProvider>,
);
