import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  hint: ReactNode;
  action?: ReactNode;
  testId?: string;
}

/** What an empty panel shows: what goes here and how to put it there. */
export function EmptyState({ icon, title, hint, action, testId }: EmptyStateProps) {
  return (
    <Box
      data-testid={testId}
      sx={{
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        textAlign: 'center',
        gap: 1,
        p: 3,
        height: '100%',
        color: 'text.secondary',
      }}
    >
      <Box sx={{ fontSize: 40, opacity: 0.6, display: 'flex' }}>{icon}</Box>
      <Typography variant="subtitle1" color="text.primary">
        {title}
      </Typography>
      <Typography variant="body2" sx={{ maxWidth: 360 }}>
        {hint}
      </Typography>
      {action}
    </Box>
  );
}
