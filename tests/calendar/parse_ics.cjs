// Parse an iCalendar document from stdin the way Thunderbird does (ical.js), print a JSON summary.
// VTIMEZONEs found in the document are registered first; a TZID without one stays floating.
const ICAL = require("./vendor/ical.cjs");
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const root = new ICAL.Component(ICAL.parse(input));
  for (const vtz of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtz);
  }
  const events = root.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      sequence: event.sequence,
      url: component.getFirstPropertyValue("url"),
      status: component.getFirstPropertyValue("status"),
      zone: event.startDate.zone.tzid,
      start_utc: event.startDate.toJSDate().toISOString(),
      end_utc: event.endDate.toJSDate().toISOString(),
    };
  });
  console.log(JSON.stringify({
    method: root.getFirstPropertyValue("method"),
    name: root.getFirstPropertyValue("x-wr-calname"),
    // A subscription's refresh: how often (RFC 7986, read as a duration only with its VALUE=DURATION) and from where.
    refresh: (root.getFirstProperty("refresh-interval") || null) && {
      type: root.getFirstProperty("refresh-interval").type,
      value: String(root.getFirstPropertyValue("refresh-interval")),
    },
    source: root.getFirstPropertyValue("source"),
    published_ttl: root.getFirstPropertyValue("x-published-ttl"),
    events,
  }));
});
