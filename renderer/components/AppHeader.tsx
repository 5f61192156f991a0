import GraphicEqIcon from '@mui/icons-material/GraphicEq';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useStudio } from '../state/studio.js';
import { EngineStatusChip } from './EngineStatusChip.js';

export function AppHeader() {
  const info = useStudio((s) => s.appInfo);
  return (
    <AppBar position="static" color="default" elevation={0} sx={{ borderBottom: 1, borderColor: 'divider' }}>
      <Toolbar variant="dense" sx={{ gap: 1.5 }}>
        <GraphicEqIcon color="primary" />
        <Typography variant="h6" component="h1" sx={{ fontSize: 17 }}>
          SoundStorm Studio
        </Typography>
        {info && (
          <Typography data-testid="app-version" variant="caption" color="text.secondary">
            v{info.version} · {info.mode === 'web' ? 'web mode' : 'desktop'}
          </Typography>
        )}
        <Box sx={{ flex: 1 }} />
        <EngineStatusChip />
      </Toolbar>
    </AppBar>
  );
}
