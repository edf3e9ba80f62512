// Check-in: reading a ticket's QR code with the camera. Progressive enhancement only: without this script,
// a camera or the permission to use it, the search form (name, e-mail or the code typed in) does the same.
// The browser's own BarcodeDetector is used where it reads QR codes; elsewhere the vendored jsQR, loaded
// only then. A code read is followed only if it is a ticket address of this site (its path, on this origin)
// or a bare ticket code, never to another site.
(() => {
  const scanner = document.getElementById("scanner");
  if (!scanner || !window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  const start = document.getElementById("scan-start");
  const stop = document.getElementById("scan-stop");
  const view = document.getElementById("scan-view");
  let video = null;  // made while the camera runs: the preview only helps aim, the status line says what happens
  const status = document.getElementById("scan-status");
  const TICKET_PATH = /^\/manage\/editions\/\d+\/check-in\/ticket\/[A-Za-z0-9-]{1,40}$/;
  const CODE = /^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$/;
  let stream = null;
  let timer = null;
  let detect = null;

  const say = (key) => {
    const text = scanner.dataset[key] || "";
    if (status.textContent !== text) status.textContent = text;  // a live region: announce changes only
  };

  // Where a decoded text leads: a path on this site, or null.
  const target = (text) => {
    const value = (text || "").trim();
    if (CODE.test(value)) return scanner.dataset.ticketUrl.replace(/CODE$/, encodeURIComponent(value.toUpperCase()));
    let url;
    try {
      url = new URL(value);
    } catch (error) {
      return null;
    }
    if (!/^https?:$/.test(url.protocol) || !TICKET_PATH.test(url.pathname)) return null;
    return url.pathname;  // printed for the public address; followed on the origin the staff phone uses
  };

  const loadScript = (src) => new Promise((resolve, reject) => {
    if (window.jsQR) { resolve(); return; }
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });

  // A function that returns the texts of the QR codes in the current video frame.
  const makeDetector = async () => {
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) {
          const native = new window.BarcodeDetector({ formats: ["qr_code"] });
          return async () => (await native.detect(video)).map((code) => code.rawValue);
        }
      } catch (error) { /* not usable here: fall back to jsQR */ }
    }
    await loadScript(scanner.dataset.jsqr);
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    return async () => {
      const scale = Math.min(1, 640 / (video.videoWidth || 640));  // smaller frames: fast enough on old phones
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      if (!canvas.width || !canvas.height) return [];
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      return code ? [code.data] : [];
    };
  };

  const halt = (announce) => {
    window.clearTimeout(timer);
    timer = null;
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    if (video) video.remove();
    video = null;
    view.hidden = true;
    stop.hidden = true;
    start.hidden = false;
    if (announce) say("msgStopped");
  };

  const tick = async () => {
    if (!stream || !video) return;
    if (video.readyState >= 2) {
      let texts = [];
      try {
        texts = await detect();
      } catch (error) {
        texts = [];
      }
      for (const text of texts) {
        const path = target(text);
        if (path) {
          say("msgFound");
          halt(false);
          window.location.assign(path);
          return;
        }
        say("msgForeign");
      }
    }
    timer = window.setTimeout(tick, 150);
  };

  start.addEventListener("click", async () => {
    say("msgStarting");
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
      video = document.createElement("video");
      video.muted = true;
      video.playsInline = true;
      video.setAttribute("aria-hidden", "true");
      video.srcObject = stream;
      view.append(video);
      view.hidden = false;
      start.hidden = true;
      stop.hidden = false;
      stop.focus();
      await video.play();
      detect = detect || await makeDetector();
      say("msgScanning");
      tick();
    } catch (error) {
      halt(false);
      say("msgFailed");
      start.focus();
    }
  });
  stop.addEventListener("click", () => {
    halt(true);
    start.focus();
  });
  window.addEventListener("pagehide", () => halt(false));
  scanner.hidden = false;
})();
