export * from './departments';
export * from './notices';
export * from './tasks';
export * from './assignments';
export * from './progress-reports';
export * from './members';
export * from './chat-bindings';
export * from './processed-events';
