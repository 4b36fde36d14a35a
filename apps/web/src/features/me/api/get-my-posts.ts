import type { MyPostView } from '@medrelay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export type MyPost = MyPostView;

export const myPostsKey = ['my-posts'] as const;

export const getMyPosts = (signal?: AbortSignal) => api<{ items: MyPost[] }>('/me/posts', { signal });

export function useMyPosts(enabled = true) {
  return useQuery({ queryKey: myPostsKey, queryFn: ({ signal }) => getMyPosts(signal), enabled });
}
