package app.billing.local;

import app.billing.local.http.Exchanges;
import app.billing.local.http.Html;
import app.billing.local.http.LocalPage;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * {@code GET /}: a plain page that uses the HTTP API the way a customer's app would: plans from
 * {@code GET /billing/plans}, Subscribe / Buy through {@code POST /billing/checkout} (then off to
 * the checkout page), the live subscription from {@code POST /billing/sync} on the Checkout success
 * redirect (refetched from Stripe, so it shows before the webhooks arrive) and {@code GET
 * /billing/subscription} (polled after a one-time purchase until it shows up), "Manage billing"
 * through {@code POST /billing/portal}, "Record usage" through {@code POST /billing/usage} with the
 * period's total from {@code GET /billing/usage}, payments and the local mailbox. The demo tenant's
 * API key is put into the page here: the page only exists locally.
 */
final class DemoPage implements LocalPage {
  private final String apiKey;
  private final String tenantId;

  DemoPage(String apiKey, String tenantId) {
    this.apiKey = apiKey;
    this.tenantId = tenantId;
  }

  @Override
  public boolean handle(HttpExchange exchange, String method, String path) throws IOException {
    if (!path.equals("/") || !(method.equals("GET") || method.equals("HEAD"))) {
      return false;
    }
    Exchanges.html(exchange, 200, html());
    return true;
  }

  private String html() {
    JsonObject config = new JsonObject();
    config.addProperty("apiKey", apiKey);
    config.addProperty("tenantId", tenantId);
    String configJson = config.toString().replace("</", "<\\/");
    String body =
        """
        <h1>Billing demo</h1>
        <p class="muted">Tenant <code id="tenant-id"></code> · every button below calls the local HTTP API
          (API Gateway emulator → the real Lambda handlers) with the demo tenant's API key.
          <a href="/_local/api">API contract</a> (OpenAPI 3.1).</p>
        <div id="banner"></div>
        <h2>Your subscription</h2>
        <div class="card" id="subscription">
          <p><span class="status none" id="subscription-status">loading…</span>
             <strong id="plan-name"></strong> <span class="muted" id="access"></span></p>
          <p class="muted" id="subscription-details"></p>
          <table id="subscription-list"></table>
          <button id="manage-billing" class="secondary" type="button">Manage billing</button>
        </div>
        <h2>Usage <span class="muted">(metered: emails_sent, billed on the Pro plan)</span></h2>
        <div class="card" id="usage">
          <p><strong id="usage-total">–</strong> <span class="muted" id="usage-period"></span></p>
          <input id="usage-value" type="number" min="1" value="1" style="width:5em">
          <button id="record-usage" type="button">Record usage</button>
        </div>
        <h2>Plans</h2>
        <div class="grid" id="plans"></div>
        <h2>Payments</h2>
        <div class="card"><table id="payments"><tr><td class="muted">loading…</td></tr></table></div>
        <h2>Emails sent <span class="muted">(local mailbox, <a href="/_local/emails">JSON</a>)</span></h2>
        <div class="card"><table id="emails"><tr><td class="muted">loading…</td></tr></table></div>
        <h2>Outbound events <span class="muted">(EventBridge bus, <a href="/_local/outbound">JSON</a>)</span></h2>
        <div class="card"><table id="outbound"><tr><td class="muted">loading…</td></tr></table></div>
        <script>
        const CONFIG = %s;
        const $ = (id) => document.getElementById(id);
        const money = (amount, currency) => new Intl.NumberFormat('en-US', {style: 'currency', currency: currency.toUpperCase()}).format(amount / 100);
        const date = (iso) => iso ? new Date(iso).toLocaleDateString('en-US', {year: 'numeric', month: 'short', day: 'numeric'}) : '';
        const text = (tag, value, cls) => { const e = document.createElement(tag); e.textContent = value; if (cls) e.className = cls; return e; };

        async function api(method, path, body) {
          const headers = {'Authorization': 'Bearer ' + CONFIG.apiKey};
          if (body !== undefined) headers['Content-Type'] = 'application/json';
          const response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
          let json = null;
          try { json = await response.json(); } catch (e) { /* no body */ }
          return {status: response.status, json};
        }

        function banner(message, kind) {
          const box = $('banner');
          box.replaceChildren();
          if (message) box.appendChild(text('p', message, kind || 'notice'));
        }

        function errorMessage(result) {
          if (result.json && result.json.error) return result.json.error.message + ' (' + result.json.error.code + ')';
          if (result.json && result.json.message) return result.json.message;
          return 'HTTP ' + result.status;
        }

        async function loadSubscription() {
          const result = await api('GET', '/billing/subscription');
          if (result.status !== 200) { banner(errorMessage(result), 'error'); return null; }
          const s = result.json;
          const status = $('subscription-status');
          status.textContent = s.status;
          status.className = 'status ' + s.status;
          $('plan-name').textContent = s.plan_name || (s.plan ? s.plan : 'No plan');
          $('access').textContent = 'access: ' + s.access + (s.access_until ? ' until ' + date(s.access_until) : '');
          const details = [];
          if (s.trial_end && s.status === 'trialing') details.push('trial ends ' + date(s.trial_end));
          if (s.current_period_end && s.status !== 'canceled') details.push('current period ends ' + date(s.current_period_end));
          if (s.cancel_at_period_end) details.push('cancels at period end');
          if (s.features && s.features.length) details.push('features: ' + s.features.join(', '));
          details.push('credits: ' + s.credits_balance);
          $('subscription-details').textContent = details.join(' · ');
          // With several subscriptions the line above is the effective one; list each of them.
          const list = $('subscription-list');
          list.replaceChildren();
          for (const sub of (s.subscriptions || []).length > 1 ? s.subscriptions : []) {
            const row = document.createElement('tr');
            row.appendChild(text('td', sub.plan_name || sub.plan || sub.id));
            row.appendChild(text('td', sub.status, 'status ' + sub.status));
            row.appendChild(text('td', 'access: ' + sub.access + (sub.quantity > 1 ? ' · ' + sub.quantity + ' seats' : ''), 'muted'));
            list.appendChild(row);
          }
          return s;
        }

        async function loadPlans() {
          const result = await fetch('/billing/plans');
          const plans = (await result.json()).data;
          const container = $('plans');
          container.replaceChildren();
          for (const plan of plans) {
            const card = document.createElement('div');
            card.className = 'card';
            card.id = 'plan-' + plan.key;
            card.appendChild(text('h2', plan.name));
            card.appendChild(text('p', plan.description || '', 'muted'));
            if (plan.trial_days > 0) card.appendChild(text('p', plan.trial_days + '-day free trial', 'muted'));
            if (plan.credits > 0) card.appendChild(text('p', plan.credits + ' support credits', 'muted'));
            if (plan.features && plan.features.length) card.appendChild(text('p', plan.features.join(' · '), 'muted'));
            for (const price of plan.prices) {
              const button = text('button', (plan.mode === 'payment' ? 'Buy ' : 'Subscribe ') + money(price.amount, price.currency)
                  + (price.billing_cycle === 'one_time' ? '' : price.billing_cycle === 'yearly' ? ' / year' : ' / month'));
              button.type = 'button';
              button.dataset.plan = plan.key;
              button.dataset.cycle = price.billing_cycle;
              button.style.margin = '0 6px 6px 0';
              button.addEventListener('click', () => checkout(plan.key, price.billing_cycle));
              card.appendChild(button);
            }
            container.appendChild(card);
          }
        }

        async function checkout(plan, cycle) {
          banner('Creating a Checkout Session…');
          const body = {plan};
          if (cycle !== 'one_time') body.billing_cycle = cycle;
          const result = await api('POST', '/billing/checkout', body);
          if (result.status === 201) { window.location.href = result.json.checkout_url; return; }
          banner(errorMessage(result), 'error');
        }

        async function manageBilling() {
          const result = await api('POST', '/billing/portal', {});
          if (result.status === 201 || result.status === 200) { window.location.href = result.json.portal_url; return; }
          banner(errorMessage(result), 'error');
        }

        const METER = 'emails_sent';
        async function loadUsage() {
          const result = await api('GET', '/billing/usage?meter=' + METER);
          if (result.status !== 200) { $('usage-total').textContent = errorMessage(result); $('usage-period').textContent = ''; return; }
          $('usage-total').textContent = result.json.total + ' ' + METER;
          $('usage-period').textContent = 'this period (' + date(result.json.current_period_start) + ' – ' + date(result.json.current_period_end) + ')';
        }

        async function recordUsage() {
          // One key per click: a retry of this request (same key) is counted once by Stripe.
          const key = crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random();
          const value = Number($('usage-value').value);
          const result = await api('POST', '/billing/usage', {meter: METER, value, idempotency_key: key});
          if (result.status === 202) banner('Recorded ' + value + ' ' + METER + '.');
          else banner(errorMessage(result), 'error');
          await loadUsage();
        }

        async function loadPayments() {
          const result = await api('GET', '/billing/payments');
          const table = $('payments');
          table.replaceChildren();
          if (result.status !== 200) { table.appendChild(text('tr', errorMessage(result))); return; }
          if (!result.json.data.length) { const row = document.createElement('tr'); row.appendChild(text('td', 'No payments yet.', 'muted')); table.appendChild(row); }
          for (const p of result.json.data) {
            const row = document.createElement('tr');
            row.appendChild(text('td', date(p.created)));
            row.appendChild(text('td', p.description || p.id));
            row.appendChild(text('td', money(p.amount, p.currency)));
            row.appendChild(text('td', p.status, 'status ' + p.status));
            const after = [];
            if (p.amount_refunded > 0) after.push(money(p.amount_refunded, p.currency) + ' refunded');
            if (p.dispute) after.push('dispute ' + p.dispute.status + ' (' + p.dispute.reason + ')');
            row.appendChild(text('td', after.join(', '), 'muted'));
            table.appendChild(row);
          }
        }

        async function loadEmails() {
          const emails = await (await fetch('/_local/emails')).json();
          const table = $('emails');
          table.replaceChildren();
          if (!emails.length) { const row = document.createElement('tr'); row.appendChild(text('td', 'No emails yet.', 'muted')); table.appendChild(row); }
          for (const e of emails.slice(-8).reverse()) {
            const row = document.createElement('tr');
            row.appendChild(text('td', new Date(e.time).toLocaleTimeString()));
            row.appendChild(text('td', e.to));
            row.appendChild(text('td', e.subject));
            table.appendChild(row);
          }
        }

        /** What changed, in a few words: access before → after, else the new status. */
        function outboundChange(detail) {
          const before = detail.before || {}, after = detail.after || {};
          if (after.access !== undefined) return (before.access || 'none') + ' → ' + after.access + (after.plan ? ' (' + after.plan + ')' : '');
          if (after.status !== undefined) return (before.status ? before.status + ' → ' : '') + after.status;
          if (after.lookupKeys !== undefined) return after.lookupKeys.join(', ') || 'none';
          return detail.changed.join(', ');
        }

        async function loadOutbound() {
          const events = await (await fetch('/_local/outbound')).json();
          const table = $('outbound');
          table.replaceChildren();
          if (!events.length) { const row = document.createElement('tr'); row.appendChild(text('td', 'No events yet.', 'muted')); table.appendChild(row); }
          for (const e of events.slice(-8).reverse()) {
            const row = document.createElement('tr');
            row.appendChild(text('td', new Date(e.received).toLocaleTimeString()));
            row.appendChild(text('td', e.detailType));
            row.appendChild(text('td', e.detail.tenantId));
            row.appendChild(text('td', outboundChange(e.detail)));
            table.appendChild(row);
          }
        }

        async function refresh() {
          const s = await loadSubscription();
          const usage = s && s.access !== 'none' ? loadUsage() : Promise.resolve();
          await Promise.all([loadPayments(), loadEmails(), loadOutbound(), usage]);
          return s;
        }

        /**
         * Back from Checkout, possibly before Stripe's webhooks reached us: POST /billing/sync refetches the
         * subscription from Stripe first. A one-time purchase has no subscription to sync: the webhook →
         * queue → provisioning path takes a moment, so poll until it shows.
         */
        async function awaitCheckout() {
          banner('Payment received; syncing with Stripe…');
          const synced = await api('POST', '/billing/sync');
          if (synced.status === 200 && synced.json.status !== 'none') {
            await refresh();
            banner('Checkout complete: ' + (synced.json.plan_name || synced.json.status) + '.');
            return;
          }
          banner('Payment received; waiting for the webhook to be provisioned…');
          for (let i = 0; i < 60; i++) {
            const s = await refresh();
            if (s && (s.status !== 'none' || s.credits_balance > 0)) { banner('Checkout complete: ' + (s.plan_name || 'purchase recorded') + '.'); return; }
            // Manual capture: the card is only authorized until an operator captures (bin/admin capture).
            if (document.querySelector('#payments .status.authorized')) { banner('Order received: the card is authorized, and charged once the order is captured.'); return; }
            await new Promise(r => setTimeout(r, 500));
          }
          banner('Still waiting for the subscription; check the stack\\'s log.', 'error');
        }

        $('tenant-id').textContent = CONFIG.tenantId;
        $('manage-billing').addEventListener('click', manageBilling);
        $('record-usage').addEventListener('click', recordUsage);
        const query = new URLSearchParams(window.location.search);
        loadPlans();
        if (query.get('checkout') === 'success') awaitCheckout();
        else { if (query.get('checkout') === 'canceled') banner('Checkout canceled.'); refresh(); }
        // Emails and changes made in the portal arrive through webhooks: keep the page live.
        setInterval(refresh, 2000);
        </script>
        """
            .formatted(configJson);
    return Html.page("Billing demo", "Acme · billing demo", body + LocalRecovery.DEMO_PANEL);
  }
}
