import Box from '@mui/material/Box';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { useEffect } from 'react';
import { ApiContext } from './api/ApiContext.js';
import type { ApiClient } from './api/client.js';
import { AppHeader } from './components/AppHeader.js';
import { NoticeSnackbar } from './components/NoticeSnackbar.js';
import { ScriptPanel } from './components/ScriptPanel.js';
import { SpeakersPanel } from './components/SpeakersPanel.js';
import { TimelineArea } from './components/TimelineArea.js';
import { TransportBar } from './components/TransportBar.js';
import { followJobEvents } from './state/jobs.js';
import { useEngineSync } from './state/useEngineSync.js';
import { theme } from './theme.js';

/** The workstation shell: app bar, speakers | script over timeline, transport. */
export function App({ api }: { api: ApiClient }) {
  useEngineSync(api);
  useEffect(() => followJobEvents(api), [api]);
  return (
    <ApiContext.Provider value={api}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <Box sx={{ height: '100vh', display: 'grid', gridTemplateRows: 'auto 1fr auto' }}>
          <AppHeader />
          <Box sx={{ display: 'grid', gridTemplateColumns: '300px 1fr', minHeight: 0 }}>
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
      </ThemeProvider>
    </ApiContext.Provider>
  );
}
