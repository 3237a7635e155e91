// The archie extension: starts `archie lsp` (from PATH or archie.path) for
// *.arch.hcl and .archie.hcl files, and shows the diagrams the code lenses
// ask the server to render.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function serverOptions() {
  const config = vscode.workspace.getConfiguration('archie');
  const command = config.get('path') || 'archie';
  const args = ['lsp'];
  const debounce = config.get('debounce');
  if (debounce) {
    args.push('--debounce', debounce);
  }
  return { command, args };
}

function clientOptions() {
  return {
    documentSelector: [
      { scheme: 'file', language: 'archie' },
      { scheme: 'untitled', language: 'archie' },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.arch.hcl,.archie.hcl}'),
    },
    middleware: {
      // The diagram command returns the SVG that `archie render` drew;
      // show it beside the editor.
      executeCommand: async (command, args, next) => {
        const result = await next(command, args);
        if (command === 'archie.diagram' && typeof result === 'string') {
          showDiagram(result, args[1]);
        }
        return result;
      },
    },
  };
}

function showDiagram(svg, workload) {
  const title = workload ? `archie: ${workload}` : 'archie diagram';
  const panel = vscode.window.createWebviewPanel('archieDiagram', title, vscode.ViewColumn.Beside, {
    enableScripts: false,
  });
  // The SVG comes from archie render; no script runs in the panel.
  panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;">
</head><body style="background:#fff">${svg.replace(/<script[\s\S]*?<\/script>/gi, '')}</body></html>`;
}

async function start() {
  client = new LanguageClient('archie', 'archie', serverOptions(), clientOptions());
  try {
    await client.start();
  } catch (err) {
    vscode.window.showErrorMessage(
      `archie: could not start "${serverOptions().command} lsp" (${err.message}). ` +
        'Install archie or set archie.path to the binary.'
    );
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('archie.restartServer', async () => {
      if (client) {
        await client.stop();
      }
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('archie') && client) {
        await client.stop();
        await start();
      }
    })
  );
  await start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
