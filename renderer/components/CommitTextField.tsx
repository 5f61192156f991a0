import TextField from '@mui/material/TextField';
import { useState } from 'react';

interface CommitTextFieldProps {
  value: string;
  label: string;
  multiline?: boolean;
  placeholder?: string;
  /** Called once when editing ends (blur or Enter), so one edit is one undo step. */
  onCommit(value: string): void;
}

/** A text field that edits locally and commits on blur or Enter (Shift+Enter: new line). */
export function CommitTextField({ value, label, multiline, placeholder, onCommit }: CommitTextFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  };
  return (
    <TextField
      variant="standard"
      size="small"
      fullWidth
      multiline={multiline}
      placeholder={placeholder}
      value={draft ?? value}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          commit();
        } else if (event.key === 'Escape') setDraft(null);
      }}
      slotProps={{ htmlInput: { 'aria-label': label } }}
    />
  );
}
