import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import { parseScript, scriptSpeakers } from '../script/parse-script.js';
import { useStudio } from '../state/studio.js';
import { PanelHeader } from './PanelHeader.js';

const PLACEHOLDER = 'Alice: Hello there.\nBob: Hi Alice, how are you?';

export function ScriptPanel() {
  const script = useStudio((s) => s.script);
  const setScript = useStudio((s) => s.setScript);
  const speakers = useStudio((s) => s.speakers);
  const addSpeaker = useStudio((s) => s.addSpeaker);
  const parsed = useMemo(() => parseScript(script), [script]);
  const names = scriptSpeakers(parsed);
  const unknown = names.filter((name) => !speakers.some((s) => s.name === name));
  return (
    <Box
      component="section"
      aria-label="Script"
      sx={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}
    >
      <PanelHeader title="Script" />
      <Box sx={{ p: 1.5, display: 'flex', flexDirection: 'column', gap: 1, overflow: 'auto' }}>
        <TextField
          multiline
          minRows={5}
          maxRows={12}
          placeholder={PLACEHOLDER}
          value={script}
          onChange={(event) => setScript(event.target.value)}
          helperText='One turn per line: "Name: what they say". Lines without a name continue the turn above.'
          slotProps={{ htmlInput: { 'aria-label': 'Script', spellCheck: true } }}
        />
        <Typography data-testid="script-summary" variant="body2" color="text.secondary">
          {parsed.turns.length === 0
            ? 'No turns yet.'
            : `${parsed.turns.length} turn${parsed.turns.length === 1 ? '' : 's'} · ${names.join(', ')}`}
        </Typography>
        {parsed.problems.map((problem) => (
          <Typography key={problem.line} variant="caption" color="warning.main">
            {problem.message}
          </Typography>
        ))}
        {unknown.length > 0 && (
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
            <Typography variant="caption">Not yet speakers:</Typography>
            {unknown.map((name) => (
              <Button key={name} size="small" variant="outlined" onClick={() => addSpeaker(name)}>
                Add {name}
              </Button>
            ))}
          </Box>
        )}
      </Box>
    </Box>
  );
}
