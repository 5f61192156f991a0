import CreateNewFolderOutlinedIcon from '@mui/icons-material/CreateNewFolderOutlined';
import FileDownloadOutlinedIcon from '@mui/icons-material/FileDownloadOutlined';
import FolderOpenOutlinedIcon from '@mui/icons-material/FolderOpenOutlined';
import GraphicEqIcon from '@mui/icons-material/GraphicEq';
import HelpOutlineIcon from '@mui/icons-material/HelpOutline';
import RedoIcon from '@mui/icons-material/Redo';
import SaveAsOutlinedIcon from '@mui/icons-material/SaveAsOutlined';
import SaveOutlinedIcon from '@mui/icons-material/SaveOutlined';
import SettingsOutlinedIcon from '@mui/icons-material/SettingsOutlined';
import UndoIcon from '@mui/icons-material/Undo';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useApi } from '../api/ApiContext.js';
import { useDialogs, type DialogName } from '../state/dialogs.js';
import { saveProject } from '../state/project-actions.js';
import { redo, undo, useHistory, useStudio } from '../state/studio.js';
import { EngineStatusChip } from './EngineStatusChip.js';

function Tool({
  label,
  onClick,
  disabled,
  children,
}: {
  label: string;
  onClick(): void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Tooltip title={label}>
      <span>
        <IconButton size="small" aria-label={label} disabled={disabled} onClick={onClick}>
          {children}
        </IconButton>
      </span>
    </Tooltip>
  );
}

/** App bar: project name (• when unsaved), project and edit commands, engine status. */
export function AppHeader() {
  const api = useApi();
  const info = useStudio((s) => s.appInfo);
  const name = useStudio((s) => s.project.name);
  const dirty = useStudio((s) => s.saved !== null && s.project !== s.saved);
  const { canUndo, canRedo } = useHistory();
  const show = useDialogs((s) => s.show);
  const open = (dialog: DialogName) => () => show(dialog);
  return (
    <AppBar position="static" color="default" elevation={0} sx={{ borderBottom: 1, borderColor: 'divider' }}>
      <Toolbar variant="dense" sx={{ gap: 1 }}>
        <GraphicEqIcon color="primary" />
        <Typography variant="h6" component="h1" sx={{ fontSize: 17 }}>
          SoundStorm Studio
        </Typography>
        {info && (
          <Typography data-testid="app-version" variant="caption" color="text.secondary">
            v{info.version} · {info.mode === 'web' ? 'web mode' : 'desktop'}
          </Typography>
        )}
        <Typography data-testid="project-name" variant="body2" sx={{ ml: 2 }}>
          {name}
          {dirty ? ' •' : ''}
        </Typography>
        <Box sx={{ display: 'flex', ml: 1 }}>
          <Tool label="New project" onClick={open('new')}>
            <CreateNewFolderOutlinedIcon fontSize="small" />
          </Tool>
          <Tool label="Open project (Ctrl+O)" onClick={open('open')}>
            <FolderOpenOutlinedIcon fontSize="small" />
          </Tool>
          <Tool label="Save (Ctrl+S)" onClick={() => void saveProject(api)}>
            <SaveOutlinedIcon fontSize="small" />
          </Tool>
          <Tool label="Save as (Ctrl+Shift+S)" onClick={open('saveAs')}>
            <SaveAsOutlinedIcon fontSize="small" />
          </Tool>
          <Tool label="Undo (Ctrl+Z)" disabled={!canUndo} onClick={undo}>
            <UndoIcon fontSize="small" />
          </Tool>
          <Tool label="Redo (Ctrl+Shift+Z)" disabled={!canRedo} onClick={redo}>
            <RedoIcon fontSize="small" />
          </Tool>
          <Tool label="Export (Ctrl+E)" onClick={open('export')}>
            <FileDownloadOutlinedIcon fontSize="small" />
          </Tool>
        </Box>
        <Box sx={{ flex: 1 }} />
        <EngineStatusChip />
        <Tool label="Settings" onClick={open('settings')}>
          <SettingsOutlinedIcon fontSize="small" />
        </Tool>
        <Tool label="Keyboard shortcuts (?)" onClick={open('help')}>
          <HelpOutlineIcon fontSize="small" />
        </Tool>
      </Toolbar>
    </AppBar>
  );
}
