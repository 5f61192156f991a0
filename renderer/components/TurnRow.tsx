import AutorenewIcon from '@mui/icons-material/Autorenew';
import CallMergeIcon from '@mui/icons-material/CallMerge';
import CallSplitIcon from '@mui/icons-material/CallSplit';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@mui/icons-material/KeyboardArrowUp';
import TuneIcon from '@mui/icons-material/Tune';
import Box from '@mui/material/Box';
import Collapse from '@mui/material/Collapse';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Select from '@mui/material/Select';
import Tooltip from '@mui/material/Tooltip';
import { useState, type ReactNode } from 'react';
import {
  deleteTurn,
  mergeWithNext,
  reassignTurn,
  reorderTurn,
  setTurnText,
  splitTurn,
  type Turn,
} from '../../main/project/document/index.js';
import { useApi } from '../api/ApiContext.js';
import { renderTurns } from '../state/render-actions.js';
import { importVoiceFile } from '../state/voice-actions.js';
import { splitPoint } from '../state/split-point.js';
import { useStudio } from '../state/studio.js';
import { CommitTextField } from './CommitTextField.js';
import { TurnOptionsPanel } from './TurnOptionsPanel.js';
import { TurnStateChip } from './TurnStateChip.js';

function Action({
  label,
  onClick,
  children,
  disabled,
}: {
  label: string;
  onClick(): void;
  children: ReactNode;
  disabled?: boolean;
}) {
  return (
    <Tooltip title={label} disableInteractive>
      <span>
        <IconButton size="small" aria-label={label} onClick={onClick} disabled={disabled}>
          {children}
        </IconButton>
      </span>
    </Tooltip>
  );
}

/** One turn: speaker, text, state, and its edits (each one undo step). */
export function TurnRow({ turn, index, count }: { turn: Turn; index: number; count: number }) {
  const api = useApi();
  const edit = useStudio((s) => s.edit);
  const speakers = useStudio((s) => s.project.speakers);
  const render = useStudio((s) => s.renders[turn.id]);
  const [open, setOpen] = useState(false);
  const speaker = speakers.find((s) => s.id === turn.speakerId);
  const own = turn.options.voice !== null;
  return (
    <Paper
      variant="outlined"
      // A voice sample dropped anywhere on the turn becomes its own voice (a whispered take...).
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={(event) => {
        const file = event.dataTransfer.files[0];
        if (file === undefined) return;
        event.preventDefault();
        void importVoiceFile(api, { kind: 'turn', id: turn.id }, file);
      }}
      data-testid="turn"
      sx={{ p: 0.75, borderLeft: 4, borderLeftColor: speaker?.colour ?? 'divider' }}
    >
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1 }}>
        <Select
          variant="standard"
          size="small"
          value={turn.speakerId}
          onChange={(event) => edit((p) => reassignTurn(p, turn.id, event.target.value))}
          inputProps={{ 'aria-label': 'Speaker of the turn' }}
          sx={{ width: 110, flex: 'none', fontSize: 14 }}
        >
          {speakers.map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.name}
            </MenuItem>
          ))}
        </Select>
        <CommitTextField
          multiline
          value={turn.text}
          label="Turn text"
          placeholder="What this speaker says…"
          onCommit={(text) => edit((p) => setTurnText(p, turn.id, text))}
        />
        <Box sx={{ display: 'flex', alignItems: 'center', flex: 'none', gap: 0.25 }}>
          {own && (
            <Tooltip title={`Own voice: ${turn.options.voice?.name ?? ''}`}>
              <Box component="span" sx={{ fontSize: 11, color: 'secondary.main' }}>
                own voice
              </Box>
            </Tooltip>
          )}
          <TurnStateChip turn={turn} render={render} />
          <Action
            label="Regenerate"
            disabled={render !== undefined}
            onClick={() => void renderTurns(api, [turn.id])}
          >
            <AutorenewIcon fontSize="small" />
          </Action>
          <Action label="Turn options" onClick={() => setOpen(!open)}>
            <TuneIcon fontSize="small" />
          </Action>
          <Action
            label="Move up"
            disabled={index === 0}
            onClick={() => edit((p) => reorderTurn(p, turn.id, index - 1))}
          >
            <KeyboardArrowUpIcon fontSize="small" />
          </Action>
          <Action
            label="Move down"
            disabled={index === count - 1}
            onClick={() => edit((p) => reorderTurn(p, turn.id, index + 1))}
          >
            <KeyboardArrowDownIcon fontSize="small" />
          </Action>
          <Action
            label="Split at the middle sentence"
            onClick={() => edit((p) => splitTurn(p, turn.id, splitPoint(turn.text)))}
          >
            <CallSplitIcon fontSize="small" />
          </Action>
          <Action
            label="Merge with next"
            disabled={index === count - 1}
            onClick={() => edit((p) => mergeWithNext(p, turn.id))}
          >
            <CallMergeIcon fontSize="small" />
          </Action>
          <Action label="Delete turn" onClick={() => edit((p) => deleteTurn(p, turn.id))}>
            <DeleteOutlineIcon fontSize="small" />
          </Action>
        </Box>
      </Box>
      {render !== undefined && (
        <LinearProgress variant="determinate" value={render.fraction * 100} sx={{ mt: 0.5 }} />
      )}
      <Collapse in={open} unmountOnExit>
        <TurnOptionsPanel turn={turn} />
      </Collapse>
    </Paper>
  );
}
