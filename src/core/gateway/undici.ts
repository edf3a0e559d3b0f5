// undici's ProxyAgent, bundled on its own (dist/undici.js) and loaded only when a request needs
// AITRE's own proxy agent: most users never load it. (The whole package: its dispatchers get their
// connect() from the package index, so a deep import of proxy-agent.js cannot open tunnels.)
export { ProxyAgent } from 'undici';
