import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi } from './api/connect.js';
import { App } from './App.js';
import { studio } from './state/studio.js';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

const api = connectApi(() => studio.getState().setConnection('disconnected'));
createRoot(root).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
