import AddIcon from '@mui/icons-material/Add';
import NotesIcon from '@mui/icons-material/Notes';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { addTurn } from '../../main/project/document/index.js';
import { useStudio } from '../state/studio.js';
import { EmptyState } from './EmptyState.js';
import { PanelHeader } from './PanelHeader.js';
import { PasteScript } from './PasteScript.js';
import { TurnRow } from './TurnRow.js';

/** The script: paste box on top, then the turns in order. */
export function ScriptPanel() {
  const turns = useStudio((s) => s.project.turns);
  const firstSpeaker = useStudio((s) => s.project.speakers[0]?.id);
  const edit = useStudio((s) => s.edit);
  const add = () => {
    if (firstSpeaker !== undefined)
      edit((p) => addTurn(p, { speakerId: p.turns.at(-1)?.speakerId ?? firstSpeaker, text: '' }));
  };
  return (
    <Box
      component="section"
      aria-label="Script"
      sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, maxHeight: '50%' }}
    >
      <PanelHeader
        title={`Script${turns.length > 0 ? ` · ${turns.length} turn${turns.length === 1 ? '' : 's'}` : ''}`}
        actions={
          <Button size="small" startIcon={<AddIcon />} disabled={firstSpeaker === undefined} onClick={add}>
            Add turn
          </Button>
        }
      />
      <Box sx={{ p: 1, display: 'flex', flexDirection: 'column', gap: 0.75, overflow: 'auto' }}>
        <PasteScript />
        {turns.length === 0 ? (
          <EmptyState
            testId="script-empty"
            icon={<NotesIcon fontSize="inherit" />}
            title="No turns yet"
            hint='Paste lines like "Alice: Hello there." above and press Add turns, or add a speaker and then a turn.'
          />
        ) : (
          turns.map((turn, index) => <TurnRow key={turn.id} turn={turn} index={index} count={turns.length} />)
        )}
      </Box>
    </Box>
  );
}
