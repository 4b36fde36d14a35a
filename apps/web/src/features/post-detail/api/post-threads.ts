import { type ThreadSummary, useThreads } from '../../messages/index.ts';

export interface PostThread extends ThreadSummary {
  /** 对话 1, 对话 2 …: the helpers stay anonymous on the owner's side, numbered by who wrote first. */
  n: number;
}

/** The relay threads about my post, oldest first. */
export function usePostThreads(postId: string, enabled: boolean): PostThread[] {
  const threads = useThreads(enabled);
  return (threads.data?.items ?? [])
    .filter((th) => th.postId === postId && th.role === 'owner')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((th, i) => ({ ...th, n: i + 1 }));
}
