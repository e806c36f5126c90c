// PM2 alternative to the Procfile (`pm2 start deploy/ecosystem.config.js` from the repository
// root, after `flask --app app db upgrade`): two web processes behind nginx
// (deploy/nginx/signage.conf), RQ workers and the one cron scheduler. Every process reads the
// same environment; put REDIS_URL, DATABASE_URL and the secrets in .env or below. rq reads
// its Redis from RQ_REDIS_URL, set here from REDIS_URL.
const path = require("path");

const root = path.resolve(__dirname, "..");
const venv = path.join(root, ".venv", "bin");
const shared = {
  cwd: root,
  interpreter: "none",
  autorestart: true,
  env: { TRUSTED_PROXIES: "1", RQ_REDIS_URL: process.env.REDIS_URL || "" },
};

const web = (port) => ({
  ...shared,
  name: `signage-web-${port}`,
  script: path.join(venv, "gunicorn"),
  args: "wsgi:app",
  env: { ...shared.env, HOST: "127.0.0.1", PORT: String(port) },
  kill_timeout: 15000, // gunicorn's graceful_timeout is 10 s
});

module.exports = {
  apps: [
    web(5001),
    web(5002),
    {
      ...shared,
      name: "signage-worker",
      script: path.join(venv, "rq"),
      args: "worker --worker-class signage.jobs.worker.Worker signage",
      instances: 2,
      exec_mode: "fork",
    },
    {
      ...shared,
      name: "signage-cron",
      script: path.join(venv, "rq"),
      args: "cron signage.jobs.cron",
      env: { ...shared.env, TZ: "UTC" },
    },
  ],
};
