import Box from '@mui/material/Box';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { useEffect } from 'react';
import { ApiContext } from './api/ApiContext.js';
import type { ApiClient } from './api/client.js';
import { usePlayerSync } from './audio/usePlayerSync.js';
import { AppHeader } from './components/AppHeader.js';
import { NoticeSnackbar } from './components/NoticeSnackbar.js';
import { ScriptPanel } from './components/ScriptPanel.js';
import { SpeakersPanel } from './components/SpeakersPanel.js';
import { TimelineArea } from './components/TimelineArea.js';
import { TransportBar } from './components/TransportBar.js';
import { ExportDialog } from './dialogs/ExportDialog.js';
import { NameDialog } from './dialogs/NameDialog.js';
import { OpenProjectDialog } from './dialogs/OpenProjectDialog.js';
import { RecoveryDialog } from './dialogs/RecoveryDialog.js';
import { SettingsDialog } from './dialogs/SettingsDialog.js';
import { ShortcutsDialog } from './dialogs/ShortcutsDialog.js';
import { startAutosave, startSession } from './state/project-actions.js';
import { followRenderEvents } from './state/render-actions.js';
import { useEngineSync } from './state/useEngineSync.js';
import { useShortcuts } from './state/useShortcuts.js';
import { theme } from './theme.js';

/** The workstation: app bar, speakers | script over timeline, transport, and its dialogs. */
export function App({ api }: { api: ApiClient }) {
  useEngineSync(api);
  useShortcuts(api);
  usePlayerSync(api);
  useEffect(() => followRenderEvents(api), [api]);
  useEffect(() => {
    void startSession(api);
    return startAutosave(api);
  }, [api]);
  return (
    <ApiContext.Provider value={api}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <Box sx={{ height: '100vh', display: 'grid', gridTemplateRows: 'auto 1fr auto' }}>
          <AppHeader />
          <Box sx={{ display: 'grid', gridTemplateColumns: '300px minmax(0, 1fr)', minHeight: 0 }}>
            <Box sx={{ borderRight: 1, borderColor: 'divider', minHeight: 0 }}>
              <SpeakersPanel />
            </Box>
            <Box component="main" sx={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
              <ScriptPanel />
              <TimelineArea />
            </Box>
          </Box>
          <TransportBar />
        </Box>
        <NoticeSnackbar />
        <ExportDialog />
        <OpenProjectDialog />
        <NameDialog />
        <SettingsDialog />
        <ShortcutsDialog />
        <RecoveryDialog />
      </ThemeProvider>
    </ApiContext.Provider>
  );
}
