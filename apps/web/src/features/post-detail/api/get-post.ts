import type { PostView } from '@medrelay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export const getPost = (id: string, signal?: AbortSignal) => api<PostView>(`/posts/${id}`, { signal });

export const usePost = (id: string) =>
  useQuery({ queryKey: ['post', id], queryFn: ({ signal }) => getPost(id, signal) });
