// Turns a view's nodes (tree-node.ts) into VS Code tree items: one provider for every run view. Selecting a node
// reveals its place in the program; nodes that expand through the debug adapter (message pointers) fetch their
// children when opened.

import * as vscode from 'vscode';
import { VIEW_COMMANDS } from './ids';
import type { MessageJson } from './protocol';
import { messageChildren } from './message-tree';
import type { ViewContent, ViewNode } from './tree-node';

export class NodeTreeProvider implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private content: ViewContent = { nodes: [] };
  /** Called after VS Code asked for the roots following a refresh (the stop-to-views figure). */
  onRootsServed?: () => void;

  constructor(
    private readonly build: () => ViewContent,
    private readonly expand: (ref: string) => Promise<MessageJson | undefined>,
    private readonly programUri: () => vscode.Uri | undefined,
  ) {}

  /** Rebuilds the content and tells VS Code; returns it (for the view's message and the snapshot). */
  refresh(): ViewContent {
    this.content = this.build();
    this.changed.fire(undefined);
    return this.content;
  }

  get current(): ViewContent {
    return this.content;
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    const collapsible =
      node.expanded === undefined && !node.children && !node.expandRef
        ? vscode.TreeItemCollapsibleState.None
        : node.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    if (node.description !== undefined) item.description = node.description;
    if (node.tooltip !== undefined) item.tooltip = node.tooltip;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    if (node.contextValue) item.contextValue = node.contextValue;
    item.accessibilityInformation = { label: node.accessibilityLabel ?? (node.description ? `${node.label}, ${node.description}` : node.label) };
    const uri = node.reveal && this.programUri();
    if (uri && node.reveal) {
      item.command = { title: 'Reveal in the Editor', command: VIEW_COMMANDS.reveal, arguments: [uri, node.reveal] };
    }
    return item;
  }

  async getChildren(node?: ViewNode): Promise<ViewNode[]> {
    if (!node) {
      queueMicrotask(() => this.onRootsServed?.());
      return [...this.content.nodes];
    }
    if (node.children) return [...node.children()];
    if (node.expandRef) {
      const m = await this.expand(node.expandRef);
      return m ? messageChildren(node.id, m) : [{ id: `${node.id}/gone`, label: 'Not available: the run has moved on since this was shown.', icon: { id: 'info' } }];
    }
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
