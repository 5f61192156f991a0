import PlaylistAddIcon from '@mui/icons-material/PlaylistAdd';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { parseScriptText } from '../../main/script/index.js';
import { applyScript } from '../../main/script/index.js';
import { useStudio } from '../state/studio.js';

const PLACEHOLDER = 'Alice: Hello there.\nBob: Hi Alice, how are you?';

/** Paste `Name: text` lines; each becomes a turn, new names become speakers (main/script's parser). */
export function PasteScript() {
  const edit = useStudio((s) => s.edit);
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const add = () => {
    const parsed = parseScriptText(text);
    setProblems(parsed.problems.map((p) => `Line ${p.where}: ${p.message}`));
    if (parsed.turns.length === 0) {
      if (parsed.problems.length === 0) setProblems(['Write one "Name: what they say" line per turn.']);
      return;
    }
    if (edit((p) => applyScript(p, parsed))) setText('');
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0.5 }}>
      <TextField
        multiline
        minRows={2}
        maxRows={6}
        size="small"
        placeholder={PLACEHOLDER}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) add();
        }}
        slotProps={{ htmlInput: { 'aria-label': 'Paste script', spellCheck: true } }}
      />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Typography variant="caption" color="text.secondary" sx={{ flex: 1 }}>
          One turn per line: “Name: what they say”. New names become speakers. Ctrl+Enter adds.
        </Typography>
        <Button size="small" startIcon={<PlaylistAddIcon />} disabled={text.trim() === ''} onClick={add}>
          Add turns
        </Button>
      </Box>
      {problems.map((problem) => (
        <Typography key={problem} data-testid="script-problem" variant="caption" color="warning.main">
          {problem}
        </Typography>
      ))}
    </Box>
  );
}
