// What the result panel shows for a VIDEO task's video: a local file only (the video cache, or the
// saved copy in the workspace), never the gateway's link; while it downloads, or when it is gone, a sentence.
import * as vscode from 'vscode';
import type { ResultVideos } from '../../core/tasks/result-videos';
import { videoTypeOfExtension } from '../../core/files/videos';
import type { TaskView } from '../../shared/protocol';
import type { TaskRecord } from '../../shared/task';

export function fillVideo(view: TaskView, task: TaskRecord, webview: vscode.Webview, videos: ResultVideos, root: vscode.Uri, saved: vscode.Uri | undefined): void {
  if (task.action !== 'VIDEO' || task.status !== 'SUCCESS') return;
  if (saved) {
    view.videoUrl = webview.asWebviewUri(saved).toString();
    view.videoType = videoTypeOfExtension(saved.path.slice(saved.path.lastIndexOf('.') + 1));
    view.savedPath = vscode.workspace.asRelativePath(saved, false);
    return;
  }
  const state = videos.state(task);
  switch (state.kind) {
    case 'cached':
      view.videoUrl = webview.asWebviewUri(vscode.Uri.joinPath(root, ...state.path.split('/'))).toString();
      view.videoType = state.contentType;
      return;
    case 'loading':
      view.videoNote = vscode.l10n.t('Downloading the video…');
      void videos.ensure(task);
      return;
    case 'missing':
      view.videoNote = state.message;
      return;
    case 'none':
      if (task.videoUrls.length === 0) view.videoNote = vscode.l10n.t('The gateway sent no video link for this task.');
      return;
  }
}
