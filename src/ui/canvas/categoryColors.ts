/** Accent colour of each palette category (node header stripe, minimap, palette dot). */
export const CATEGORY_COLORS: Readonly<Record<string, string>> = {
  io: '#57a6ff',
  core: '#8b7cf6',
  convolution: '#f0883e',
  pooling: '#d29922',
  normalization: '#3fb9a8',
  activation: '#56d364',
  shape: '#8b949e',
  merge: '#db61a2',
  embedding: '#e3b341',
  recurrent: '#f778ba',
  attention: '#a371f7',
  loss: '#ff7b72',
  block: '#79c0ff',
  blocks: '#79c0ff',
}
