// @ts-check
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layering (VS Code style), checked on resolved file paths:
 * - main/ is plain Node: never imports electron/ or renderer/;
 * - main/api/ is the contract: besides itself it imports only the pure, Node-free schemas it
 *   shares with the store and the files (main/project/document, main/audio/export/options.ts);
 * - renderer/ reaches main/ only through main/api/ and the pure, Node-free main/script and
 *   main/project/document (purity.test.ts keeps them so), and no Node built-ins;
 * - only electron/ imports the `electron` package.
 */
const layering = {
  'import/no-restricted-paths': [
    'error',
    {
      zones: [
        { target: './main', from: './renderer', message: 'main/ must not import the renderer.' },
        { target: './main', from: './electron', message: 'main/ is plain Node: no Electron code.' },
        {
          target: './main/api',
          from: './main',
          except: ['./api', './project/document', './audio/export/options.ts', './audio/export/mp3-bitrates.ts'],
          message: 'main/api is the contract: it depends only on the pure document and export schemas.',
        },
        {
          target: './renderer',
          from: './main',
          except: ['./api', './script', './project/document', './engine/units.ts'],
          message:
            'The renderer may import only the contract (main/api) and the pure main/script and main/project/document.',
        },
        {
          target: './renderer',
          from: './electron',
          message: 'The renderer reaches Electron only through the preload.',
        },
      ],
    },
  ],
};

const noElectron = {
  'no-restricted-imports': [
    'error',
    { paths: [{ name: 'electron', message: 'Only electron/ may import electron.' }] },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'out/**',
      'node_modules/**',
      'test-results/**',
      'models/**',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { import: importPlugin },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      'import/resolver': {
        typescript: {
          project: ['tsconfig.node.json', 'tsconfig.renderer.json', 'tsconfig.e2e.json'],
          noWarnOnMultipleProjects: true,
        },
      },
    },
    rules: {
      ...layering,
      ...noElectron,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only electron/ may import electron.' }],
          patterns: [{ group: ['node:*'], message: 'The renderer runs in a browser: no Node built-ins.' }],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Tests index fixtures they just built; a failed `!` shows up as a failed test.
    files: ['test/**/*.{ts,tsx}', '**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
