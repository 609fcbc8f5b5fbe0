// Sending a spreadsheet with its import settings (the ones the mapping screen previewed): one
// multipart request up to 50 MB, resumable chunks above that.

import { api } from "./api.js";

export const CHUNK_THRESHOLD = 50 * 1024 * 1024;

function formFields(options) {
  const fields = { name: options.name, on_error: options.onError, mode: options.mode };
  if (options.datasetId) fields.dataset_id = options.datasetId;
  if (options.settings) fields.settings = JSON.stringify(options.settings);
  return fields;
}

/** One request with upload progress; resolves with the dataset. */
function sendWhole(file, options, onBytes) {
  const form = new FormData();
  form.append("file", file, file.name);
  for (const [key, value] of Object.entries(formFields(options))) form.append(key, value);
  return api.send("POST", "/api/datasets", form, (loaded) => onBytes(Math.min(loaded, file.size)));
}

/** Chunked upload; asks the server which chunks it has, so a retry sends only the rest. */
async function sendChunked(file, options, onBytes) {
  const body = { filename: file.name, total_size: file.size, name: options.name, mode: options.mode, on_error: options.onError };
  if (options.datasetId) body.dataset_id = Number(options.datasetId);
  if (options.settings) body.settings = options.settings;
  const session = await api.post("/api/uploads", body);
  const id = session.id;
  const chunkSize = session.chunk_size;
  const total = session.chunk_count ?? Math.ceil(file.size / chunkSize);
  const state = await api.get(`/api/uploads/${id}`);
  const have = new Set(state.received_chunks || []);
  let sent = [...have].reduce((sum, n) => sum + Math.min(chunkSize, file.size - n * chunkSize), 0);
  for (let n = 0; n < total; n += 1) {
    if (have.has(n)) continue;
    const blob = file.slice(n * chunkSize, Math.min(file.size, (n + 1) * chunkSize));
    await api.send("PUT", `/api/uploads/${id}/chunks/${n}`, blob, (loaded) => onBytes(sent + loaded));
    sent += blob.size;
    onBytes(sent);
  }
  return api.post(`/api/uploads/${id}/complete`, {});
}

/** Upload a file; onBytes(bytesSent). Resolves with the dataset (or what the server answers). */
export function uploadFile(file, options, onBytes) {
  return file.size > CHUNK_THRESHOLD ? sendChunked(file, options, onBytes) : sendWhole(file, options, onBytes);
}
