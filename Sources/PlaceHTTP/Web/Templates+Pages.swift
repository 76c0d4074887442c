// The other pages: a note, people and organisations, the report, and sync.

extension Templates {
    static let note = #"""
        {{<layout}}
        {{$title}}{{note.title}}{{/title}}
        {{$content}}
        <nav class="crumbs" aria-label="Breadcrumb">{{#projectLink}}<a href="{{projectLink}}">{{projectTitle}}</a> › {{/projectLink}}<span aria-current="page">{{note.title}}</span></nav>
        <h1>{{note.title}}</h1>
        <p class="muted">Everyone editing this note sees each other's typing within a second; edits made offline merge when the node syncs.</p>
        <div class="editor" data-note="{{note.id}}" data-version="{{note.version}}">
          <label for="note-body">Note</label>
          <textarea id="note-body" rows="18" spellcheck="true"{{^canWrite}} readonly{{/canWrite}}>{{note.body}}</textarea>
          <p class="field-error" id="note-error" role="alert"></p>
          <p class="muted" id="note-state" aria-live="polite">{{#canWrite}}Saved.{{/canWrite}}{{^canWrite}}Read only: this node may not write in this space.{{/canWrite}}</p>
        </div>
        {{/content}}
        {{/layout}}
        """#

    static let directory = #"""
        {{<layout}}
        {{$title}}People and organisations{{/title}}
        {{$content}}
        <h1>People and organisations</h1>
        <div class="grid">
        <section class="card" aria-labelledby="people-h"><h2 id="people-h">People ({{peopleCount}})</h2>
          <table><caption class="visually-hidden">People</caption><thead><tr><th scope="col">Name</th><th scope="col">Organisation</th><th scope="col">Roles</th></tr></thead>
          <tbody>{{#people}}<tr><th scope="row">{{name}}</th><td>{{organisation}}</td><td>{{roles}}</td></tr>{{/people}}</tbody></table>
        </section>
        <section class="card" aria-labelledby="orgs-h"><h2 id="orgs-h">Organisations ({{organisationCount}})</h2>
          {{#localities}}<h3>{{name}}</h3>{{#pcns}}<details><summary>{{name}} <span class="muted">{{practiceCount}} practices</span></summary><ul class="plain">{{#practices}}<li><a href="/s/{{space.id}}/projects?organisation={{id}}">{{name}}</a> <span class="muted">{{odsCode}}</span></li>{{/practices}}</ul></details>{{/pcns}}{{/localities}}
          {{#others_any}}<h3>Partners</h3><ul class="plain">{{#others}}<li>{{name}} <span class="muted">{{kind}}</span></li>{{/others}}</ul>{{/others_any}}
        </section>
        </div>
        {{/content}}
        {{/layout}}
        """#

    static let report = #"""
        {{<layout}}
        {{$title}}Evaluation report{{/title}}
        {{$content}}
        <div class="heading-row"><h1>Evaluation report</h1><a class="button secondary" href="/v1/spaces/{{space.id}}/report?format=csv" download="report.csv">Download CSV</a></div>
        {{#unreadable}}<p class="notice">{{unreadable}} documents were written by a newer PlaceSync and are not counted.</p>{{/unreadable}}
        {{#clocksAhead}}<p class="notice">{{clocksAhead}} notes carry a creation time more than 48 hours in the future (the writing computer's clock was wrong) and are not counted in any month.</p>{{/clocksAhead}}
        {{#sections}}
        <section class="card report-section" aria-labelledby="r-{{id}}">
          <h2 id="r-{{id}}">{{name}} <span class="muted">{{scope}}</span></h2>
          <dl class="figures">
            <div><dt>Projects</dt><dd>{{projects}}</dd></div>
            <div><dt>People</dt><dd>{{people}}</dd></div>
            <div><dt>Cross-organisation projects</dt><dd>{{crossOrganisationProjects}}</dd></div>
            <div><dt>Adoption links</dt><dd>{{adoptionLinks}}</dd></div>
          </dl>
          <div class="grid">
            <div><h3>By theme</h3><table class="bars"><tbody>{{#themes}}<tr><th scope="row">{{label}}</th><td><meter min="0" max="{{max}}" value="{{count}}">{{count}}</meter> {{count}}</td></tr>{{/themes}}</tbody></table></div>
            <div><h3>By status</h3><table class="bars"><tbody>{{#statuses}}<tr><th scope="row">{{label}}</th><td><meter min="0" max="{{max}}" value="{{count}}">{{count}}</meter> {{count}}</td></tr>{{/statuses}}</tbody></table></div>
            <div><h3>Spread</h3><table class="bars"><tbody>{{#spread}}<tr><th scope="row">{{label}}</th><td><meter min="0" max="{{max}}" value="{{count}}">{{count}}</meter> {{count}}</td></tr>{{/spread}}</tbody></table></div>
          </div>
        </section>
        {{/sections}}
        {{/content}}
        {{/layout}}
        """#

    static let sync = #"""
        {{<layout}}
        {{$title}}Sync{{/title}}
        {{$content}}
        <h1>Is everything synced?</h1>
        <p class="big {{syncClass}}">{{syncHeadline}}</p>
        <p>{{syncDetail}}</p>
        <section class="card" aria-labelledby="peers-h"><h2 id="peers-h">Peers</h2>
          {{#peers_any}}
          <table><caption class="visually-hidden">Peers and what each side lacks</caption>
            <thead><tr><th scope="col">Peer</th><th scope="col">State</th><th scope="col">Last contact</th><th scope="col">Spaces</th><th scope="col">Last error</th></tr></thead>
            <tbody>{{#peers}}<tr><th scope="row">{{name}}<br><span class="muted mono">{{node}}</span></th><td><span class="badge {{stateClass}}">{{state}}</span></td><td>{{lastContact}}</td><td>{{#lags}}<div>{{space}}: {{text}}</div>{{/lags}}{{^lags}}<span class="muted">none shared</span>{{/lags}}</td><td>{{lastError}}</td></tr>{{/peers}}</tbody>
          </table>
          {{/peers_any}}
          {{^peers_any}}<p>No peers yet. Start <code>placesyncd --peer host:port</code> to dial a hub, or let another node dial this one.</p>{{/peers_any}}
        </section>
        <section class="card" aria-labelledby="spaces-h"><h2 id="spaces-h">Spaces on this node</h2>
          <table><caption class="visually-hidden">Spaces and what this node may do in each</caption><thead><tr><th scope="col">Space</th><th scope="col">Role</th><th scope="col">Standing</th><th scope="col">Refused</th></tr></thead>
          <tbody>{{#spaces}}<tr><th scope="row">{{name}}</th><td>{{role}}</td><td>{{explanation}}</td><td>{{refused}}</td></tr>{{/spaces}}</tbody></table>
          <p class="muted">{{pending}} envelope{{pendingPlural}} waiting for what they depend on.</p>
        </section>
        {{#explainSpace}}
        <section class="card" aria-labelledby="explain-h"><h2 id="explain-h">Why “{{explainSpace}}” may not be in sync</h2>
          <ul class="explain">{{#explain}}<li{{#warn}} class="warn"{{/warn}}>{{#warn}}<strong>Warning:</strong> {{/warn}}{{text}}</li>{{/explain}}</ul>
          <p class="muted">The same as data: <code>GET /v1/spaces/{space}/explain</code>, or <code>placesync explain</code> in a shell.</p>
        </section>
        {{/explainSpace}}
        {{/content}}
        {{/layout}}
        """#
}
